#ifndef EESIM_NN_DATASET_SOURCE_H
#define EESIM_NN_DATASET_SOURCE_H

#include <string>
#include <vector>

namespace eesim
{

/**
 * Where a data set lies and how it is stored: what a scenario's `dataset` keys, a training
 * config's `dataset` object and the `--data` options of `model eval` and `calibrate` say. Files
 * are in `dir`, under each format's standard names unless named:
 *
 *   fashion-mnist  {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]: grey images, labels 0-9
 *   idx            any IDX image file ([N, H, W] or [N, C, H, W] bytes) with an IDX label file
 *                  (bytes), by default under the Fashion-MNIST names
 *   cifar10        data_batch_1.bin .. data_batch_5.bin (training), test_batch.bin
 *   cifar100       train.bin, test.bin (the fine label)
 *   npy            train_images.npy, train_labels.npy, test_images.npy, test_labels.npy: images
 *                  uint8 or float32, [N, H, W], [N, C, H, W] (`layout` nchw) or [N, H, W, C]
 *                  (nhwc); labels int64, int32 or uint8, [N]
 *
 * Each format has a training part and a test part; the validation split is the last
 * `validationImages` samples of the training part.
 */
struct DatasetSource
{
    std::string format = "fashion-mnist";
    std::string dir = DefaultDirectory();
    std::string layout = "nchw"; // npy: how 4-dimensional image arrays are ordered
    /** idx and npy: file names in `dir`; empty means the format's standard name. */
    std::string trainImages, trainLabels, testImages, testLabels;
    int validationImages = 5000;

    /** Debian's dataset-fashion-mnist folder. */
    static std::string DefaultDirectory();
    static const std::vector<std::string>& Formats();
    static const std::vector<std::string>& Layouts();
    /** Whether the format reads the four file-name fields (idx and npy). */
    bool NamesFiles() const { return format == "idx" || format == "npy"; }
    /** "" when the fields hold known values, else the problem. */
    std::string Problem() const;
};

} // namespace eesim

#endif
