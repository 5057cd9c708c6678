package md.personas.operations;

public final class Main {
    public static void main(String[] args) {
        System.out.println("moldova-personas");
    }
}
