#ifndef EESIM_NN_EIGEN_MAPS_H
#define EESIM_NN_EIGEN_MAPS_H

#include <Eigen/Core>

namespace eesim
{

/** Row-major float matrices: an NCHW sample is a (channels x height*width) row-major matrix. */
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;
using VectorMap = Eigen::Map<Eigen::VectorXf>;
using ConstVectorMap = Eigen::Map<const Eigen::VectorXf>;

} // namespace eesim

#endif
