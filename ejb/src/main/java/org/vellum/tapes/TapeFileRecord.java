package org.vellum.tapes;

import java.util.List;
import org.vellum.tape.TapeExporter;

/** One archive tape file of a cartridge, as its catalog lists it; {@code span} is null unless it holds one part. */
public record TapeFileRecord(
        String barcode,
        int tapeFile,
        long sealNumber,
        long records,
        List<TapeExporter.Member> members,
        TapeExporter.Span span) {}
