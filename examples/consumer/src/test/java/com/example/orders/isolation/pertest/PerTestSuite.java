package com.example.orders.isolation.pertest;

import com.example.orders.isolation.OrdersWork;
import dev.poststack.junit.PoststackTest;
import org.junit.jupiter.api.RepeatedTest;

import javax.sql.DataSource;

/**
 * A database per test: the stack of images.yaml (shared with {@code OrdersTest}), and for each test a fresh
 * copy of the migrated {@code orders} database, prepared ahead and dropped after it. Safe in parallel.
 */
@PoststackTest(isolation = PoststackTest.Isolation.DATABASE_PER_TEST)
abstract class PerTestSuite {

    @RepeatedTest(5)
    void needsAnEmptyMigratedSchema(DataSource orders) throws Exception {
        OrdersWork.needsAnEmptySchema(orders);
    }
}
