package dev.cr.engine.registry;

import dev.cr.engine.CrException;

/** A push, pull or look-up in a registry that failed: unreachable, untrusted, refused credentials, bad content. */
public final class RegistryException extends CrException {
    public RegistryException(String operation, String cause, String fix, Throwable source) {
        super(operation, cause, fix, null, null, source);
    }

    public RegistryException(String operation, String cause, String fix) {
        this(operation, cause, fix, null);
    }
}
