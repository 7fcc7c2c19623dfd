package dev.poststack.junit;

import dev.poststack.clone.DatabaseCopies;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The copies of a stack's application database, closed (pool dropped) by JUnit before the stack itself. Both
 * interfaces, as {@link StackResource}: JUnit 5.13 and later close {@code AutoCloseable} values (and warn about a
 * value that is only a {@code CloseableResource}), earlier ones the {@code CloseableResource}; each closes it once.
 */
final class CopiesResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final DatabaseCopies copies;

    private CopiesResource(DatabaseCopies copies) {
        this.copies = copies;
    }

    static CopiesResource prepare(PoststackStack stack) {
        if (stack.applicationDatabase().isEmpty()) {
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException("a database per test or class"
                    + " is copied from the migrated schema: the manifest needs a `schema:` block and the test"
                    + " schema = true");
        }
        return new CopiesResource(DatabaseCopies.from(stack.admin(), stack.database())
                .poolSize(Integer.getInteger("poststack.copies.pool", 4)).prepare());
    }

    DatabaseCopies copies() {
        return copies;
    }

    @Override
    public void close() {
        copies.close();
    }
}
