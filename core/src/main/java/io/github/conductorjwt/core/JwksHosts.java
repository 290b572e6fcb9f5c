package io.github.conductorjwt.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts an operator allows a {@code jwksUri} to name, and the rules on where a fetch may go: a
 * host listed exactly ({@code idp.example.com}) or by its parent ({@code *.example.com}); https, or
 * http for a host listed with {@code http://}; an address in a private, loopback, link-local or
 * otherwise local range only for a host listed exactly. Nothing is quoted back from the URI.
 */
final class JwksHosts {

    static final String HOST_NOT_ALLOWED_MSG =
            "names a host the operator did not allow (conductor.jwt.verify.jwks-allowed-hosts, CONDUCTOR_JWT_VERIFY_JWKS_ALLOWED_HOSTS)";
    static final String HTTPS_ONLY_MSG =
            "must use https (http only for a host the operator lists with http://)";
    static final String LOCAL_ADDRESS_MSG =
            "resolves to a private, loopback or link-local address; allowed only for a host the operator lists exactly";

    private record Entry(String host, boolean wildcard, boolean http) {}

    private final List<Entry> entries;

    private JwksHosts(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * @param allowed e.g. {@code idp.example.com}, {@code *.example.com}, {@code http://127.0.0.1}
     * @throws IllegalArgumentException for an entry that is no host (naming its position only)
     */
    static JwksHosts of(List<String> allowed) {
        List<Entry> entries = new ArrayList<>();
        int position = 0;
        for (String raw : allowed) {
            position++;
            String text = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                continue;
            }
            boolean http = text.startsWith("http://");
            if (http) {
                text = text.substring("http://".length());
            } else if (text.startsWith("https://")) {
                text = text.substring("https://".length());
            }
            if (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            boolean wildcard = text.startsWith("*.");
            String host = wildcard ? text.substring(1) : text; // keeps the dot: ".example.com"
            if (host.isEmpty()
                    || host.equals(".")
                    || host.contains("*")
                    || host.contains("/")
                    || host.contains("@")) {
                throw new IllegalArgumentException(
                        "JWKS allowed host #" + position + " is not a host name or *.domain");
            }
            entries.add(new Entry(host, wildcard, http));
        }
        return new JwksHosts(List.copyOf(entries));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * @return whether the host was listed exactly (so local addresses are allowed for it)
     * @throws KeyException when the URI's host or scheme is not allowed
     */
    boolean check(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        Entry match = null;
        for (Entry entry : entries) {
            boolean hostMatches =
                    entry.wildcard() ? host.endsWith(entry.host()) : host.equals(entry.host());
            if (hostMatches && (match == null || !entry.wildcard())) {
                match = entry;
            }
        }
        if (match == null) {
            throw new KeyException(HOST_NOT_ALLOWED_MSG);
        }
        if (!https && !match.http()) {
            throw new KeyException(HTTPS_ONLY_MSG);
        }
        return !match.wildcard();
    }

    /** Private (RFC 1918, RFC 4193), loopback, link-local, any-local, multicast, CGNAT. */
    static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10
    }
}
