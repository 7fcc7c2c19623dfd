--changeset poststack:seed
INSERT INTO account (email, display_name) VALUES ('ada@example.org', 'Ada');
