-- The ledger answers "is this event id already in the ledger?" from its own hash table (EventIdIndex, rebuilt from
-- this table when needed), not from a B-tree over random UUIDs, which cost H2 most of each insert (docs/benchmarks.md).
ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_event_id;
