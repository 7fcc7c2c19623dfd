package com.example.orders;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A failsafe test against the stack that poststack-maven-plugin's {@code start} goal brought up and verified
 * in pre-integration-test (schema applied); it finds the database through the properties the goal exports.
 */
class OrdersIT {

    @Test
    void theSchemaIsAppliedOnTheStackTheBuildStarted() throws Exception {
        String url = System.getProperty("poststack.app.jdbc.url");
        assertNotNull(url, "poststack:start exports poststack.app.jdbc.url");
        String user = System.getProperty("poststack.app.user");
        String password = Files.readString(Path.of(System.getProperty("poststack.app.password.file"))).strip();
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from information_schema.tables"
                     + " where table_name in ('customer', 'orders')")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }
}
