-- OrleansSms: SQLite schema for Orleans ADO.NET reminders (single silo, embedded file).
-- Invariant "System.Data.SQLite" (mapped by Orleans to Microsoft.Data.Sqlite). Idempotent.
-- Same contract as deploy/postgres/reminders.sql. StartTime is stored as the text Microsoft.Data.Sqlite
-- writes for a DateTime parameter and parses back.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  TEXT NOT NULL PRIMARY KEY,
    querytext TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    TEXT    NOT NULL,
    grainid      TEXT    NOT NULL,
    remindername TEXT    NOT NULL,
    starttime    TEXT    NOT NULL,
    period       INTEGER NOT NULL,
    grainhash    INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
) STRICT;

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', '
INSERT INTO orleansreminderstable
    (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime,
    period = excluded.period,
    grainhash = excluded.grainhash,
    version = version + 1
RETURNING version AS Version;
'),

('ReadReminderRowsKey', '
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId;
'),

('ReadReminderRowKey', '
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
'),

('ReadRangeRows1Key', '
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
'),

('ReadRangeRows2Key', '
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
'),

-- The DELETE returns no columns and is skipped by the reader; changes() then answers the
-- single boolean the provider expects. One connection runs both, so nothing interleaves.
('DeleteReminderRowKey', '
DELETE FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
  AND version = @Version;
SELECT changes() > 0 AS Deleted;
'),

('DeleteReminderRowsKey', '
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
