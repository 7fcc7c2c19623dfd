create table s1 (id int);
insert into missing_from_sqlfile values (1);
