#include "cli/preprocessing-config.h"

namespace eesim
{

InputPreprocessing
ReadPreprocessing(JsonReader& reader, int channels)
{
    InputPreprocessing p;
    p.divisor = reader.Number("divisor", p.divisor, 1e-30, 1e30);
    for (const char* key : { "mean", "std" })
    {
        const bool isMean = key[0] == 'm';
        const auto values = reader.NumberArray(key, isMean ? -1e6 : 1e-12, 1e6);
        if (channels > 0 && reader.Has(key) && int(values.size()) != channels)
        {
            reader.AddError(key, "expected one value per input channel (" + std::to_string(channels)
                                     + "), got " + std::to_string(values.size()));
        }
        (isMean ? p.mean : p.std) = std::vector<float>(values.begin(), values.end());
    }
    p.bgr = reader.Choice("order", "rgb", { "rgb", "bgr" }) == "bgr";
    return p;
}

} // namespace eesim
