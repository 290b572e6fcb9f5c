package io.github.conductorjwt.core;

/**
 * The device holding a {@link SigningKey#held} key failed to sign (a lost session or handle, the
 * device gone): not the key's fault, and a retry on a rebuilt session may succeed. Its message is
 * the failure's type only.
 */
public class SigningDeviceException extends RuntimeException {

    SigningDeviceException(String fault) {
        super(fault, null, false, false);
    }
}
