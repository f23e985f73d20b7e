package org.vellum.web.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
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
    // EL reads a getter several times per page: each query runs once per request
    private List<CartridgeRecord> cartridges;
    private Long total;
    private Optional<CartridgeRecord> chosen;
    private List<TapeExporter.Entry> catalog;

    public String getBarcode() {
        return barcode;
    }

    public void setBarcode(String barcode) {
        this.barcode = barcode == null ? "" : barcode.strip();
    }

    public List<CartridgeRecord> getCartridges() {
        if (cartridges == null) {
            cartridges = tapes.library().table().cartridges(0, 200);
        }
        return cartridges;
    }

    public long getTotal() {
        if (total == null) {
            total = tapes.library().table().cartridgeCount();
        }
        return total;
    }

    public CartridgeRecord getChosen() {
        if (chosen == null) {
            chosen = barcode.isEmpty()
                    ? Optional.empty()
                    : tapes.library().table().cartridge(barcode);
        }
        return chosen.orElse(null);
    }

    public List<TapeExporter.Entry> getCatalog() {
        if (catalog == null) {
            catalog = getChosen() == null ? List.of() : tapes.library().table().files(barcode);
        }
        return catalog;
    }

    public String progress(String code) {
        return tapes.library()
                .progress(code)
                .map(p -> "writing tape file " + p.tapeFile() + ", " + p.records() + " records")
                .orElse("");
    }
}
