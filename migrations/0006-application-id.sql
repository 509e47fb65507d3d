-- eyelet schema 6: the file says it is eyelet's. application_id is a number in the SQLite header that
-- identifies the program owning the file ('EYLT'; source/settings/database-file.ts). Before migrating
-- or writing, store/migrate.ts checks it, so eyelet never writes into another program's database
-- (the Python eyelet keeps one at the path that was eyelet's default).

PRAGMA application_id = 1163480148;
