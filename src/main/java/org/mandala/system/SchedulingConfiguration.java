package org.mandala.system;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Scheduled work (following other replicas' rule activations, polling the rules directory, job
 * heartbeats, ingestion) runs every few hundred milliseconds to minutes. While the database is
 * down each run fails the same way: that is said in one line per task every half minute, not as a
 * stack trace per run; any other failure is logged in full as Spring does.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulingConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SchedulingConfiguration.class);
    private static final Duration QUIET = Duration.ofSeconds(30);

    @Bean
    ThreadPoolTaskSchedulerCustomizer quietWhileTheDatabaseIsDown() {
        Map<String, Long> lastSaid = new ConcurrentHashMap<>();
        return scheduler -> scheduler.setErrorHandler(failure -> {
            if (databaseDown(failure)) {
                String task = Thread.currentThread().getName();
                long now = System.nanoTime();
                Long last = lastSaid.get(task);
                if (last == null || now - last > QUIET.toNanos()) {
                    lastSaid.put(task, now);
                    log.warn("Scheduled work on {} cannot reach the database: {} (said again in {} s at most while it lasts)", task,
                            rootMessage(failure), QUIET.toSeconds());
                }
                return;
            }
            log.error("Unexpected error occurred in scheduled task", failure);
        });
    }

    /** Whether a failure is the database being unreachable (down, or not answering in time). */
    public static boolean databaseDown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
                    || t instanceof CannotCreateTransactionException || t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
