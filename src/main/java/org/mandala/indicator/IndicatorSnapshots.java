package org.mandala.indicator;

import java.sql.Date;

import org.springframework.stereotype.Component;

/**
 * The snapshot of the newest data version this process has seen. Indicators are append-only, so
 * a newer version is read by fetching only the rows added since; an older version is served by
 * the newest snapshot, whose rows carry the version that added them.
 */
@Component
public class IndicatorSnapshots {
    private final IndicatorRepository repository;
    private volatile IndicatorSnapshot latest = IndicatorSnapshot.empty();

    IndicatorSnapshots(IndicatorRepository repository) {
        this.repository = repository;
    }

    /** A snapshot holding at least every row up to {@code version} (rows of later versions are to be filtered out). */
    public IndicatorSnapshot atLeast(long version) {
        IndicatorSnapshot current = latest;
        if (current.version() >= version) {
            return current;
        }
        synchronized (this) {
            current = latest;
            if (current.version() >= version) {
                return current;
            }
            IndicatorSnapshot.Builder builder = current.toBuilder();
            repository.streamCompact(current.version(), version, rs -> {
                Date until = rs.getDate(3);
                builder.add(rs.getLong(1), (int) rs.getDate(2).toLocalDate().toEpochDay(),
                        until == null ? IndicatorSnapshot.NO_UNTIL : (int) until.toLocalDate().toEpochDay(),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7).strip(), rs.getLong(8), rs.getString(9),
                        magnitude(rs), rs.getString(11));
            });
            latest = builder.build(version);
            return latest;
        }
    }

    private static Double magnitude(java.sql.ResultSet rs) throws java.sql.SQLException {
        double m = rs.getDouble(10);
        return rs.wasNull() ? null : m;
    }
}
