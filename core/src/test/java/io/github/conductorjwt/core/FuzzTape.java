package io.github.conductorjwt.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A fuzzer's input read as a tape: choices and numbers from the back, data from the front, as
 * Jazzer's {@code FuzzedDataProvider} lays it out, so a mutation of one part leaves the other in
 * place. Unlike {@code FuzzedDataProvider} the layout is ours, so {@link Writer} can write seeds
 * that read back exactly as meant (Jazzer cannot serialize seeds for a {@code FuzzedDataProvider}).
 * Reading past either end gives zeros and empty data, never an exception.
 */
final class FuzzTape {

    private final byte[] data;
    private int front;
    private int back;

    FuzzTape(byte[] data) {
        this.data = data;
        this.back = data.length;
    }

    /** A choice in {@code [0, bound)}, {@code bound <= 256}: one byte. */
    int pick(int bound) {
        return (int) (unsigned(1) % bound);
    }

    <T> T pick(T[] options) {
        return options[pick(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(pick(options.size()));
    }

    boolean flag() {
        return pick(2) == 1;
    }

    /** A number in {@code [0, bound)}, {@code bound <= 65536}: two bytes. */
    int number(int bound) {
        return (int) (unsigned(2) % bound);
    }

    /** Any int: four bytes. */
    int int32() {
        return (int) unsigned(4);
    }

    /** Any long: eight bytes. */
    long int64() {
        return unsigned(8);
    }

    /** Up to {@code maxLength} bytes from the front, the length read from the back. */
    byte[] bytes(int maxLength) {
        int length = Math.min(number(maxLength + 1), back - front);
        byte[] taken = new byte[length];
        System.arraycopy(data, front, taken, 0, length);
        front += length;
        return taken;
    }

    /** {@link #bytes} as UTF-8; malformed sequences become U+FFFD. */
    String text(int maxBytes) {
        return new String(bytes(maxBytes), StandardCharsets.UTF_8);
    }

    private long unsigned(int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            int next = back > front ? data[--back] & 0xff : 0;
            value = (value << 8) | next;
        }
        return value;
    }

    /** Writes what a {@link FuzzTape} reads back, call for call. */
    static final class Writer {

        private final ByteArrayOutputStream front = new ByteArrayOutputStream();

        /** The back of the tape in reading order: reversed when written out. */
        private final ByteArrayOutputStream back = new ByteArrayOutputStream();

        Writer pick(int choice) {
            return unsigned(choice, 1);
        }

        Writer pick(Enum<?> choice) {
            return pick(choice.ordinal());
        }

        Writer flag(boolean value) {
            return pick(value ? 1 : 0);
        }

        Writer number(int value) {
            return unsigned(value, 2);
        }

        Writer int32(int value) {
            return unsigned(value, 4);
        }

        Writer int64(long value) {
            return unsigned(value, 8);
        }

        Writer bytes(byte[] value) {
            number(value.length);
            front.writeBytes(value);
            return this;
        }

        Writer text(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toByteArray() {
            byte[] tail = back.toByteArray();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(front.toByteArray());
            for (int i = tail.length - 1; i >= 0; i--) {
                all.write(tail[i]);
            }
            return all.toByteArray();
        }

        private Writer unsigned(long value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                back.write((int) (value >>> (8 * i)));
            }
            return this;
        }
    }
}
