--liquibase formatted sql
--changeset :seed
select 1;
