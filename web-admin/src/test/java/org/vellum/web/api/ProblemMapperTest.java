package org.vellum.web.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.operations.BatchRuntimeException;
import jakarta.ejb.EJBException;
import jakarta.resource.ResourceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Failures that reach JAX-RS: a database that cannot be reached is a 503 to retry, not an incident. The answer
 * itself is checked against a real outage in {@code DatabaseOutageIT}.
 */
class ProblemMapperTest {
    @Test
    void aPoolThatCannotConnectIsDatabaseUnavailable() {
        // what JBeret throws when the job repository's datasource cannot make a connection (DatabaseOutageIT)
        Throwable jberet = new BatchRuntimeException(
                "JBERET000622: Failed to obtain connection",
                new SQLException("IJ031084: Unable to create connection", new ResourceException("refused")));
        assertTrue(ProblemMapper.databaseUnreachable(jberet));
        assertTrue(ProblemMapper.databaseUnreachable(new EJBException(new RuntimeException(jberet))));
        assertTrue(ProblemMapper.databaseUnreachable(new SQLException("connection reset", "08006")));
    }

    @Test
    void otherDatabaseErrorsStayIncidents() {
        assertFalse(ProblemMapper.databaseUnreachable(new SQLException("duplicate key", "23505")));
        assertFalse(ProblemMapper.databaseUnreachable(new IllegalStateException("bug")));
        assertFalse(ProblemMapper.databaseUnreachable(new SQLException("syntax error", "42601")));
    }
}
