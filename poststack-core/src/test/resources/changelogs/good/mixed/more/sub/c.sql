--liquibase formatted sql
--changeset poststack:sub-c
select 'sub c';
