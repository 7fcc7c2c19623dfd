--liquibase formatted sql

--changeset poststack:seed-accounts
INSERT INTO account (email, display_name) VALUES ('ada@example.org', 'Ada');

-- changeset poststack seed-documents
INSERT INTO document (owner_id, title) VALUES (1, 'Notes');

--changeset poststack:seed-accounts
INSERT INTO account (email, display_name) VALUES ('bob@example.org', 'Bob');
