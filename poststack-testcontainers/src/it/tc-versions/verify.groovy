// Both invocations (Testcontainers 1.21.4 and 2.0.5) ran the test and passed.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
true
