package dev.poststack.secret;

import dev.poststack.api.PoststackException;

/**
 * A secret's value cannot be had; the message says which secret, why, and how to fix it. It is the user's
 * input to fix, so it is an {@code INVALID_INPUT} failure wherever it surfaces.
 */
public final class SecretUnavailableException extends PoststackException {

    public SecretUnavailableException(String message) {
        super(Kind.INVALID_INPUT, message, null);
    }
}
