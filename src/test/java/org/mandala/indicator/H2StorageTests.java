package org.mandala.indicator;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The storage and import contracts on H2 in PostgreSQL mode, the embedded default. */
class H2StorageTests extends ImportsContract {

    @Override
    DataSource freshDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:storage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
