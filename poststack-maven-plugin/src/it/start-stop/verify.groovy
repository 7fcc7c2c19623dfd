// After the build: start exported the properties and said so, stop removed the stack, and no password
// reached the log.
def log = new File(basedir, 'build.log').text
assert log.contains('poststack.db.jdbc.url = jdbc:postgresql://127.0.0.1:')
assert log.contains('poststack.app.password.file = ')
assert log.contains('Tests run: 2, Failures: 0, Errors: 0')
def secrets = new File(poststackRepo, '.poststack/secrets')
secrets.eachFile { file ->
    if (file.name.startsWith('.')) return
    def password = file.text.trim()
    assert password.length() >= 8 && !log.contains(password) : "the password in ${file} was printed"
}
def ps = ['docker', 'ps', '-a', '--filter', 'label=dev.poststack.project=psit-maven-plugin', '-q'].execute()
ps.waitFor()
assert ps.text.trim().isEmpty() : 'poststack:stop left containers of psit-maven-plugin'
true
