package dev.poststack.manifest;

import java.nio.file.Path;

/**
 * The {@code schema} section: Liquibase run from a manifest image against a database service.
 *
 * @param image         the manifest image that runs Liquibase (its changelogs are in the image)
 * @param service       the service with a {@code database} block the schema is applied to
 * @param database      the application database, created if missing
 * @param owner         the application role, created (LOGIN) if missing and granted the database
 * @param ownerPassword the {@code secrets} entry holding the owner's password
 * @param changelogs    the host folder holding the changelogs (absolute), checked before Liquibase runs
 * @param master        the master changelog, relative to {@code changelogs}
 * @param imagePath     where the image holds the changelogs folder
 * @param location      where the section was declared
 */
public record SchemaSpec(String image, String service, String database, String owner, String ownerPassword,
                         Path changelogs, String master, String imagePath, Location location) {

    public static final String DEFAULT_MASTER = "changelog.yaml";
    public static final String DEFAULT_IMAGE_PATH = "/liquibase/changelog";
}
