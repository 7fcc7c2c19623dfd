--liquibase formatted sql

--changeset poststack:sql-one
select 'sql one';

--changeset "Ann Lee":"sql two" runOnChange:true
select 'sql two';
