-- OrleansSms: SQLite schema for Orleans ADO.NET grain storage (single silo, embedded file).
-- The Orleans providers are configured with the invariant "System.Data.SQLite", which they map to
-- the Microsoft.Data.Sqlite driver. Idempotent: the silo applies it at every start-up.
-- Same contract as deploy/postgres/persistence.sql; SQLite has no data-modifying CTEs, so a write is
-- two statements of which at most one matches (update when @GrainStateVersion is set, insert when it
-- is NULL), each returning the new version.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  TEXT NOT NULL PRIMARY KEY,
    querytext TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS orleansstorage
(
    serviceid              TEXT    NOT NULL,
    graintypestring        TEXT    NOT NULL,
    grainidn0              INTEGER NOT NULL,
    grainidn1              INTEGER NOT NULL,
    grainidextensionstring TEXT    NOT NULL, -- '' when the grain id has no string part
    grainidhash            INTEGER NOT NULL,
    graintypehash          INTEGER NOT NULL,
    payloadbinary          BLOB    NULL,
    version                INTEGER NOT NULL,
    modifiedon             TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
) STRICT;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
SELECT payloadbinary AS PayloadBinary, version AS Version
FROM orleansstorage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '''');
'),

('WriteToStorageKey', '
UPDATE orleansstorage
SET payloadbinary = @PayloadBinary, version = version + 1,
    modifiedon = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NOT NULL
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;

INSERT INTO orleansstorage
    (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
     grainidhash, graintypehash, payloadbinary, version)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
'),

('ClearStorageKey', '
UPDATE orleansstorage
SET payloadbinary = NULL, version = version + 1,
    modifiedon = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS Version;
'),

('DeleteStorageKey', '
DELETE FROM orleansstorage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1 AS Version;
')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
