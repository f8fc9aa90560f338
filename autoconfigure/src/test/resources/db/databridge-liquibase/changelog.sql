--liquibase formatted sql

--changeset databridge:1
CREATE TABLE migration_probe (migrated_by text NOT NULL, application text NOT NULL);
INSERT INTO migration_probe VALUES (current_user, current_setting('application_name'));
GRANT SELECT ON migration_probe TO PUBLIC;
