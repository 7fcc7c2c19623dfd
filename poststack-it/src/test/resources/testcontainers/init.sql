-- Run by Testcontainers' withInitScript in TestcontainersPostgresIT.
CREATE TABLE tc_init (name text);
INSERT INTO tc_init VALUES ('a'), ('b');
