-- Tape export (docs/tape.md): every cartridge written, what each of its tape files holds (the catalog, as on the
-- cartridge), and which archives count as exported. A cartridge is WRITING from before its label is written until
-- read-back verification; VERIFIED when every tape file read back with the catalog's SHA-256; DAMAGED when read-back
-- found a problem (never written again). An archive is exported only once the cartridge holding it (each cartridge,
-- for one that spans) is VERIFIED.
CREATE TABLE tape_cartridge (
    barcode VARCHAR(32) NOT NULL PRIMARY KEY,
    device VARCHAR(1000) NOT NULL,
    medium VARCHAR(8) NOT NULL,
    record_size INT NOT NULL,
    state VARCHAR(16) NOT NULL,
    job_instance BIGINT,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    written_at TIMESTAMP WITH TIME ZONE,
    verified_at TIMESTAMP WITH TIME ZONE,
    verify_result VARCHAR(4000),
    full_cartridge BOOLEAN NOT NULL
);

-- One row per archive tape file; span_* are set when it holds one part of an archive larger than a cartridge.
CREATE TABLE tape_file (
    barcode VARCHAR(32) NOT NULL,
    tape_file INT NOT NULL,
    seal_no BIGINT NOT NULL,
    records BIGINT NOT NULL,
    span_part INT,
    span_offset BIGINT,
    span_length BIGINT,
    span_size BIGINT,
    span_sha256 VARCHAR(64),
    PRIMARY KEY (barcode, tape_file)
);

CREATE TABLE tape_member (
    barcode VARCHAR(32) NOT NULL,
    tape_file INT NOT NULL,
    position INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    PRIMARY KEY (barcode, tape_file, position)
);

CREATE TABLE tape_export (
    seal_no BIGINT NOT NULL,
    barcode VARCHAR(32) NOT NULL,
    exported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    job_instance BIGINT,
    PRIMARY KEY (seal_no, barcode)
);
