package dev.cr.engine.registry;

import dev.cr.engine.CrException;

/** A push, pull or look-up in a registry that failed: unreachable, untrusted, refused credentials, bad content. */
public final class RegistryException extends CrException {
    /**
     * A failure with its cause in words, the fix when one is known, and the exception behind it.
     *
     * @param operation what was being done, in words ("push of DIR to REF")
     * @param cause     what went wrong, in words (the registry's own error text when it sent one)
     * @param fix       what the user can do about it; null when nothing is known
     * @param source    the underlying exception; null when there is none
     */
    public RegistryException(String operation, String cause, String fix, Throwable source) {
        super(operation, cause, fix, null, null, source);
    }

    /**
     * A failure no other exception caused (a refusal, a digest that does not match).
     *
     * @param operation what was being done, in words
     * @param cause     what went wrong, in words
     * @param fix       what the user can do about it; null when nothing is known
     */
    public RegistryException(String operation, String cause, String fix) {
        this(operation, cause, fix, null);
    }
}
