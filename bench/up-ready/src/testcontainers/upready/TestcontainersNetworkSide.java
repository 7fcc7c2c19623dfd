package upready;

/**
 * Testcontainers' side again, with its container on a network of its own created in the round (what
 * {@code Network.newNetwork()} and {@code withNetwork} do): not the peer, but the same private
 * network poststack starts every service on, so the two can be compared with that cost on both sides.
 */
public final class TestcontainersNetworkSide extends TestcontainersSide {

    public TestcontainersNetworkSide() {
        super(true);
    }
}
