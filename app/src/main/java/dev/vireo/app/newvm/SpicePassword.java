package dev.vireo.app.newvm;

import java.security.SecureRandom;

/** Generated console passwords: 12 characters without look-alikes (no 0/O, 1/l/I), easy to read out to a class. */
public final class SpicePassword {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SpicePassword() {
    }

    public static String generate() {
        StringBuilder b = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
