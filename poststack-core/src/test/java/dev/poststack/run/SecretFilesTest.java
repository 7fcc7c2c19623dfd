package dev.poststack.run;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretFilesTest {

    @Test
    void packsEachSecretReadableByItsOwnerOnly() throws Exception {
        byte[] tar = SecretFiles.tar(Map.of("db-password", "s3cr3t"), new SecretFiles.Owner(999, 998));
        List<String> seen = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String content = entry.isDirectory() ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                seen.add(entry.getName() + " " + Integer.toOctalString(entry.getMode() & 07777) + " "
                        + entry.getLongUserId() + ":" + entry.getLongGroupId() + " " + content);
            }
        }
        assertThat(seen).containsExactly("run/secrets/ 755 0:0 ", "run/secrets/db-password 400 999:998 s3cr3t");
    }

    @Test
    void findsAUserInPasswd() {
        String passwd = "root:x:0:0:root:/root:/bin/bash\npostgres:x:999:999::/var/lib/postgresql:/bin/bash\n";
        assertThat(SecretFiles.lookup(passwd, "postgres")).hasValueSatisfying(f -> assertThat(f[2]).isEqualTo("999"));
        assertThat(SecretFiles.lookup(passwd, "postgre")).isEmpty();
    }
}
