-- OrleansSms: PostgreSQL schema for Orleans ADO.NET grain storage, invariant "Npgsql".
-- Idempotent: safe to run any number of times (see clustering.sql for how it is applied).
--
-- Contract (Orleans.Persistence.AdoNet 10.x):
-- * A record is identified by ServiceId + GrainTypeString (the state name given to
--   [PersistentState(stateName, provider)]) + the grain key split in GrainIdN0/GrainIdN1 (integer and
--   Guid keys) and GrainIdExtensionString (string keys and key extensions; NULL when absent, stored
--   as ''). The two hashes are only informational here: the natural key is the primary key.
-- * Version is the ETag. Writes with @GrainStateVersion NULL insert (first write), otherwise update
--   only when the stored version equals @GrainStateVersion. Returning no row, or the same version,
--   makes the provider throw InconsistentStateException.
-- * ClearStorageKey keeps the row with a NULL payload and bumps the version; DeleteStorageKey
--   (used when DeleteStateOnClear = true) removes it and answers a version different from the ETag.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);

CREATE TABLE IF NOT EXISTS orleansstorage
(
    serviceid              varchar(150) NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    grainidextensionstring text         NOT NULL,
    grainidhash            integer      NOT NULL,
    graintypehash          integer      NOT NULL,
    payloadbinary          bytea        NULL,
    version                integer      NOT NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleansstorage
        PRIMARY KEY (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
)
-- Rows are rewritten on every state write: leave room on each page for HOT updates.
WITH (fillfactor = 80);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $sql$
SELECT payloadbinary AS "PayloadBinary", version AS "Version"
FROM orleansstorage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '');
$sql$),

('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleansstorage
        (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
         grainidhash, graintypehash, payloadbinary, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
           @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$sql$),

('ClearStorageKey', $sql$
UPDATE orleansstorage
SET payloadbinary = NULL, version = version + 1, modifiedon = now()
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version AS "Version";
$sql$),

('DeleteStorageKey', $sql$
DELETE FROM orleansstorage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version + 1 AS "Version";
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
