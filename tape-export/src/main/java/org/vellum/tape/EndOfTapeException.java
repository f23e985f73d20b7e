package org.vellum.tape;

import java.io.IOException;

/** The cartridge is full: the record was not written; the export goes on with the next cartridge. */
public class EndOfTapeException extends IOException {
    private static final long serialVersionUID = 1L;

    public EndOfTapeException(String message) {
        super(message);
    }
}
