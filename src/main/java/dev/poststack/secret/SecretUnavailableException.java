package dev.poststack.secret;

/** A secret's value cannot be had; the message says which secret, why, and how to fix it. */
public final class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String message) {
        super(message);
    }
}
