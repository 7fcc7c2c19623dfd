import com.github.dockerjava.core.DefaultDockerClientConfig;
import dev.poststack.engine.Engine;

/**
 * bench/cold-jvm.sh: what a fresh JVM pays for docker-java before its first create, one step at a time on
 * one thread. Prints "config ms", "client ms", "ping ms", "inspect ms".
 */
public final class EngineStart {

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        long t1 = System.nanoTime();
        try (Engine engine = Engine.create()) {
            long t2 = System.nanoTime();
            engine.checkAnswers();
            long t3 = System.nanoTime();
            engine.client().inspectImageCmd(args[0]).exec();
            long t4 = System.nanoTime();
            System.out.printf("config %d%nclient %d%nping %d%ninspect %d%n", ms(t0, t1), ms(t1, t2), ms(t2, t3),
                    ms(t3, t4));
        }
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
