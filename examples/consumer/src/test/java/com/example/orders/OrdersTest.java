package com.example.orders;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.junit.PoststackStack;
import dev.poststack.junit.PoststackTest;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole stack of images.yaml (database with the orders schema, and the web server) through the extension. */
@PoststackTest
class OrdersTest {

    @Test
    void theOwnerRoleUsesTheTablesItsSchemaCreated(DataSource orders) throws Exception {
        try (Connection c = orders.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into customer (name) values ('Ada')");
            try (PreparedStatement p = c.prepareStatement(
                    "insert into orders (customer_id, total_cents) select id, ? from customer where name = 'Ada'")) {
                p.setLong(1, 4200);
                assertEquals(1, p.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("select sum(total_cents) from orders")) {
                rs.next();
                assertEquals(4200, rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("select tableowner from pg_tables where tablename = 'orders'")) {
                rs.next();
                assertEquals("orders", rs.getString(1));
            }
        }
    }

    @Test
    void theWebServiceAnswers(PoststackStack stack) throws Exception {
        URI page = URI.create("http://127.0.0.1:" + stack.port("web", 80) + "/");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("orders is up"), response.body());
    }

    @Test
    void knowsWhereTheDatabaseIs(DatabaseAccess orders) {
        assertEquals("orders", orders.database());
        assertEquals("orders", orders.user());
    }
}
