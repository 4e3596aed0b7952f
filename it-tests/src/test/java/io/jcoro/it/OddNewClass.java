package io.jcoro.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes {@code io.jcoro.examples.errors.OddNew}, a {@code SuspendableCallable} whose {@code call()}
 * keeps an uninitialized object on the operand stack across a suspending call in a shape javac never
 * emits: {@code NEW} without the {@code DUP} after it, the copy made later by a {@code SWAP; DUP_X1;
 * SWAP} dance. The code is valid (the verifier accepts it), but the transformer's {@code NEW}
 * relocation only knows javac's {@code NEW; DUP} and must refuse the method.
 *
 * <pre>
 * line 7:  NEW StringBuilder          [u]
 *          BIPUSH 16                  [u, 16]
 *          INVOKESTATIC Suspend.i(I)I [u, 16]      &lt;- suspends with u on the stack
 *          SWAP; DUP_X1; SWAP         [u, u, 16]
 *          INVOKESPECIAL &lt;init&gt;(I)V   [sb]
 * line 8:  .append("odd").toString()  -> returned
 * </pre>
 */
public final class OddNewClass {
    public static final String NAME = "io.jcoro.examples.errors.OddNew";
    static final String SOURCE_FILE = "OddNew.java";
    static final int SUSPENDING_LINE = 7;

    private OddNewClass() {}

    /** Writes the class file under {@code root} (a class path directory) and returns {@code root}. */
    public static Path writeTo(Path root) throws IOException {
        String internal = NAME.replace('.', '/');
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS); // straight-line code: no frames needed
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internal,
                "Ljava/lang/Object;Lio/jcoro/SuspendableCallable<Ljava/lang/Object;>;", "java/lang/Object",
                new String[] {"io/jcoro/SuspendableCallable"});
        cw.visitSource(SOURCE_FILE, null);

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        Label l3 = new Label();
        init.visitLabel(l3);
        init.visitLineNumber(3, l3);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor call = cw.visitMethod(Opcodes.ACC_PUBLIC, "call", "()Ljava/lang/Object;", null, null);
        call.visitAnnotation("Lio/jcoro/Suspendable;", true).visitEnd();
        call.visitCode();
        Label l7 = new Label();
        call.visitLabel(l7);
        call.visitLineNumber(SUSPENDING_LINE, l7);
        call.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        call.visitIntInsn(Opcodes.BIPUSH, 16);
        call.visitMethodInsn(Opcodes.INVOKESTATIC, "io/jcoro/examples/support/Suspend", "i", "(I)I", false);
        call.visitInsn(Opcodes.SWAP);
        call.visitInsn(Opcodes.DUP_X1);
        call.visitInsn(Opcodes.SWAP);
        call.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(I)V", false);
        Label l8 = new Label();
        call.visitLabel(l8);
        call.visitLineNumber(SUSPENDING_LINE + 1, l8);
        call.visitLdcInsn("odd");
        call.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
        call.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        call.visitInsn(Opcodes.ARETURN);
        call.visitMaxs(0, 0);
        call.visitEnd();
        cw.visitEnd();

        Path file = root.resolve(internal + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, cw.toByteArray());
        return root;
    }
}
