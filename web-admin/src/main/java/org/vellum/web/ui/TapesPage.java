package org.vellum.web.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.vellum.tape.TapeExporter;
import org.vellum.tapes.CartridgeRecord;
import org.vellum.tapes.TapeService;

/** Tape cartridges, newest first, and the catalog of the one chosen; export history is the cartridges' own. */
@Named("tapesPage")
@RequestScoped
public class TapesPage {
    @Inject
    TapeService tapes;

    private String barcode = "";

    public String getBarcode() {
        return barcode;
    }

    public void setBarcode(String barcode) {
        this.barcode = barcode == null ? "" : barcode.strip();
    }

    public List<CartridgeRecord> getCartridges() {
        return tapes.library().table().cartridges(0, 200);
    }

    public long getTotal() {
        return tapes.library().table().cartridgeCount();
    }

    public CartridgeRecord getChosen() {
        return barcode.isEmpty()
                ? null
                : tapes.library().table().cartridge(barcode).orElse(null);
    }

    public List<TapeExporter.Entry> getCatalog() {
        return getChosen() == null ? List.of() : tapes.library().table().files(barcode);
    }

    public String progress(String code) {
        return tapes.library()
                .progress(code)
                .map(p -> "writing tape file " + p.tapeFile() + ", " + p.records() + " records")
                .orElse("");
    }
}
