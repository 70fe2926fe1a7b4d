// Moving samples between batches: one sample copied out, batches joined in order.
#include "nn/tensor.h"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace eesim;

namespace
{

/** A batch of `batch` samples of two values each: sample n holds 10 n and 10 n + 1, plus `base`. */
Tensor
Numbered(int batch, float base = 0.0F)
{
    Tensor tensor(batch, SampleShape{ 2, 1, 1 });
    for (std::size_t i = 0; i < tensor.Size(); ++i)
    {
        tensor[i] = base + float(10 * (i / 2) + i % 2);
    }
    return tensor;
}

} // namespace

TEST_CASE("tensor: a sample copied out is a batch of one with that sample's values")
{
    const Tensor batch = Numbered(3);
    const Tensor second = batch.SampleCopy(1);
    CHECK(second.Batch() == 1);
    CHECK(second.Shape() == batch.Shape());
    CHECK(second[0] == 10.0F);
    CHECK(second[1] == 11.0F);
    CHECK_THROWS_AS(batch.SampleCopy(3), std::out_of_range);
}

TEST_CASE("tensor: batches joined keep their samples in order")
{
    const Tensor joined = Tensor::Concatenate({ Numbered(1), Numbered(2, 100.0F) });
    CHECK(joined.Batch() == 3);
    CHECK(joined.SampleCopy(0)[1] == 1.0F);
    CHECK(joined.SampleCopy(1)[0] == 100.0F);
    CHECK(joined.SampleCopy(2)[1] == 111.0F);
    CHECK(Tensor::Concatenate({}).Batch() == 0);
    Tensor other(1, SampleShape{ 1, 2, 1 });
    CHECK_THROWS_AS(Tensor::Concatenate({ Numbered(1), other }), std::logic_error);
}
