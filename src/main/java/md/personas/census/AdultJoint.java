package md.personas.census;

/**
 * The adult (18+) population by district x residence x ethnicity x fine age group x sex, as shares summing to 1:
 * what the sampler draws a persona's place, ethnicity, age group and sex from in one step. The flat index is
 * encoded and decoded here and nowhere else; region is a function of the district.
 */
public final class AdultJoint {

    /** One cell, decoded. Indices are into the model's category sets. */
    public record Cell(int region, int district, int residence, int ethnicity, int group, int sex) { }

    private final int nd;
    private final int nres;
    private final int ne;
    private final int ng;
    private final int ns;
    private final int[] regionOfDistrict;
    private final double[] shares;

    AdultJoint(int[] shape, int[] regionOfDistrict, double[] shares) {
        this.nd = shape[0];
        this.nres = shape[1];
        this.ne = shape[2];
        this.ng = shape[3];
        this.ns = shape[4];
        if (shares.length != nd * nres * ne * ng * ns) {
            throw new IllegalArgumentException("adult joint: " + shares.length + " shares for shape "
                    + java.util.Arrays.toString(shape));
        }
        this.regionOfDistrict = regionOfDistrict.clone();
        this.shares = shares;
    }

    /** The dimensions in index order: district, residence, ethnicity, fine age group, sex. */
    static int[] shape(int districts, int residences, int ethnicities, int groups, int sexes) {
        return new int[] {districts, residences, ethnicities, groups, sexes};
    }

    public int index(int district, int residence, int ethnicity, int group, int sex) {
        return (((district * nres + residence) * ne + ethnicity) * ng + group) * ns + sex;
    }

    public Cell cell(int index) {
        int s = index % ns;
        int g = (index / ns) % ng;
        int e = (index / ns / ng) % ne;
        int res = (index / ns / ng / ne) % nres;
        int d = index / ns / ng / ne / nres;
        return new Cell(regionOfDistrict[d], d, res, e, g, s);
    }

    public int size() {
        return shares.length;
    }

    public double share(int index) {
        return shares[index];
    }

    /** All shares in index order (the model's own array: read-only by convention). */
    public double[] shares() {
        return shares;
    }
}
