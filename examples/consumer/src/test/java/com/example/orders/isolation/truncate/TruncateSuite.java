package com.example.orders.isolation.truncate;

import com.example.orders.isolation.OrdersWork;
import dev.poststack.junit.PoststackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;

/**
 * One shared database, emptied by TRUNCATE before each test: what teams write by hand. Cannot run in parallel
 * (concurrent tests would see each other's rows). Run with {@code -Pisolation-ways}.
 */
@PoststackTest
abstract class TruncateSuite {

    @BeforeEach
    void empty(DataSource orders) throws Exception {
        try (Connection c = orders.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate " + OrdersWork.TABLES + " restart identity cascade");
        }
    }

    @RepeatedTest(5)
    void needsAnEmptyMigratedSchema(DataSource orders) throws Exception {
        OrdersWork.needsAnEmptySchema(orders);
    }
}
