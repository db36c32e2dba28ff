package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class TensorAccessTest {
    @Test
    void autogradOnlyMembersAreNotPublicOnTensor() {
        for (Method m : Tensor.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) continue;
            assertFalse(m.getName().equals("attachGradFn") || m.getName().equals("creationMark")
                    || m.getName().equals("ownsStorageCreatedSince"), "Tensor." + m.getName() + " is public");
        }
    }

    @Test
    void onlyTensorCanInstallTheInternals() {
        Tensor.zeros(1);    // Tensor's initializer has installed them
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TensorAccess.install(null));
        assertTrue(e.getMessage().contains("dev.soma.tensor.Tensor"), e.getMessage());
    }

    @Test
    void recordingThroughTheBridgeSetsGradFnAndOutputIndex() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor[] parts = x.mul(3f).split(1);
        assertNotNull(parts[1].gradFn());
        assertEquals(1, parts[1].outputIndex());
        assertTrue(parts[1].requiresGrad());
        parts[1].sum().backward();
        assertArrayEquals(new float[] {0f, 3f}, x.grad().toFloatArray());
    }

    @Test
    void creationMarkSeparatesNewStoragesFromOlderOnes() {
        Tensor old = Tensor.of(1f, 2f, 3f);
        long mark = TensorAccess.creationMark();
        Tensor fresh = Tensor.of(4f, 5f, 6f);
        assertFalse(TensorAccess.ownsStorageCreatedSince(old, mark));
        assertTrue(TensorAccess.ownsStorageCreatedSince(fresh, mark));
        assertFalse(TensorAccess.ownsStorageCreatedSince(fresh.narrow(0, 1, 2), mark), "a view does not span its storage");
    }
}
