package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import dev.poststack.api.RunListener;
import dev.poststack.manifest.Manifest;
import dev.poststack.secret.SecretStore;

import java.time.Clock;

/**
 * What every part of one runner works with: the manifest, the engine, the secrets, where events go, the
 * clock, the project's names, the log copies and the secret owners' cache.
 */
record RunContext(Manifest manifest, DockerClient docker, SecretStore secrets, RunListener listener, Clock clock,
                  Resources resources, ContainerLogs logs, ImageOwners owners) {
}
