-- Archives (docs/FORMAT.md §9): one per seal, the files in vellum.archive.dir; this table remembers their names, sizes
-- and digests, when the attestation was made, and the last verification's outcome.
CREATE TABLE archive (
    seal_no BIGINT NOT NULL PRIMARY KEY,
    file_name VARCHAR(255) NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    manifest_sha256 VARCHAR(64) NOT NULL,
    entries BIGINT NOT NULL,
    parts INT NOT NULL,
    packaged_at TIMESTAMP WITH TIME ZONE NOT NULL,
    attestation_name VARCHAR(255),
    attestation_size BIGINT,
    attestation_sha256 VARCHAR(64),
    attested_at TIMESTAMP WITH TIME ZONE,
    verified_at TIMESTAMP WITH TIME ZONE,
    verify_result VARCHAR(4000),
    job_instance BIGINT
);
