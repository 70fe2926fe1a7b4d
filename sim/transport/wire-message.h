#ifndef EESIM_SIM_TRANSPORT_WIRE_MESSAGE_H
#define EESIM_SIM_TRANSPORT_WIRE_MESSAGE_H

#include <cstdint>
#include <optional>
#include <vector>

namespace eesim
{

/**
 * The application messages nodes exchange, framed for a byte stream (TCP). Every frame starts
 * with its total length (uint32, little-endian), then a kind byte:
 *
 *   features (kind 1): length u32 | kind u8 | encoding u8 | segment u16 | request u64 |
 *                      payload: the encoded tensor                     (16-byte header)
 *   result   (kind 2): length u32 | kind u8 | exit u8 | prediction u16 | request u64
 *                                                                      (16 bytes in all)
 */
struct WireMessage
{
    enum class Kind : std::uint8_t
    {
        kFeatures = 1,
        kResult = 2
    };
    static constexpr std::size_t kHeaderBytes = 16;

    Kind kind = Kind::kFeatures;
    std::uint8_t encodingOrExit = 0; // features: FeatureEncoding; result: exit index
    std::uint16_t segmentOrPrediction = 0;
    std::uint64_t request = 0;
    std::vector<std::uint8_t> payload;

    std::vector<std::uint8_t> Serialize() const;
    /** The message described by the first `size` bytes of a frame, without its payload;
     *  nothing when they are too few or not a frame's start. */
    static std::optional<WireMessage> ReadHeader(const std::uint8_t* frame, std::size_t size);
    /** The message whose frame is exactly these `size` bytes; nothing when they are not one
     *  whole frame. */
    static std::optional<WireMessage> FromFrame(const std::uint8_t* frame, std::size_t size);
};

/** Collects stream bytes and returns each complete frame once. */
class FrameReassembler
{
  public:
    void Append(const std::uint8_t* data, std::size_t size);
    /** The next complete message, if one has arrived; throws eesim::Error on a bad frame. */
    std::optional<WireMessage> Next();

  private:
    std::vector<std::uint8_t> m_buffer;
    std::size_t m_consumed = 0;
};

} // namespace eesim

#endif
