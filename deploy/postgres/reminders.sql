-- OrleansSms: PostgreSQL schema for Orleans ADO.NET reminders, invariant "Npgsql".
-- Idempotent: safe to run any number of times (see clustering.sql for how it is applied).
--
-- Contract (Orleans.Reminders.AdoNet 10.x):
-- * A reminder is identified by ServiceId + GrainId (its string form) + ReminderName; Version is
--   its ETag (0 on insert, +1 on every upsert); Period is in milliseconds.
-- * GrainHash is the grain's uniform hash as a signed int. The provider picks ReadRangeRows1Key
--   when (int)begin < (int)end: the range (begin, end]. Otherwise ReadRangeRows2Key: the range
--   wraps, so it is hash > begin OR hash <= end (begin = end means the whole ring).
-- * DeleteReminderRowKey answers one boolean column: was the row with that ETag deleted.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    varchar(150) NOT NULL,
    grainid      text         NOT NULL,
    remindername text         NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $sql$
INSERT INTO orleansreminderstable AS r
    (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = EXCLUDED.starttime,
    period = EXCLUDED.period,
    grainhash = EXCLUDED.grainhash,
    version = r.version + 1
RETURNING r.version AS "Version";
$sql$),

('ReadReminderRowsKey', $sql$
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId;
$sql$),

('ReadReminderRowKey', $sql$
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$sql$),

('ReadRangeRows1Key', $sql$
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
$sql$),

('ReadRangeRows2Key', $sql$
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$sql$),

('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted);
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
