#include "sim/transport/wire-message.h"

#include "base/error.h"

#include <cstring>

namespace eesim
{

std::vector<std::uint8_t>
WireMessage::Serialize() const
{
    const auto length = std::uint32_t(kHeaderBytes + payload.size());
    std::vector<std::uint8_t> bytes(kHeaderBytes);
    std::memcpy(bytes.data(), &length, 4);
    bytes[4] = std::uint8_t(kind);
    bytes[5] = encodingOrExit;
    std::memcpy(bytes.data() + 6, &segmentOrPrediction, 2);
    std::memcpy(bytes.data() + 8, &request, 8);
    bytes.insert(bytes.end(), payload.begin(), payload.end());
    return bytes;
}

std::optional<WireMessage>
WireMessage::ReadHeader(const std::uint8_t* frame, std::size_t size)
{
    if (size < kHeaderBytes)
    {
        return std::nullopt;
    }
    std::uint32_t length;
    std::memcpy(&length, frame, 4);
    if (length < kHeaderBytes
        || (frame[4] != std::uint8_t(Kind::kFeatures) && frame[4] != std::uint8_t(Kind::kResult)))
    {
        return std::nullopt;
    }
    WireMessage message;
    message.kind = Kind(frame[4]);
    message.encodingOrExit = frame[5];
    std::memcpy(&message.segmentOrPrediction, frame + 6, 2);
    std::memcpy(&message.request, frame + 8, 8);
    return message;
}

std::optional<WireMessage>
WireMessage::FromFrame(const std::uint8_t* frame, std::size_t size)
{
    std::optional<WireMessage> message = ReadHeader(frame, size);
    std::uint32_t length = 0;
    if (message)
    {
        std::memcpy(&length, frame, 4);
    }
    if (!message || length != size)
    {
        return std::nullopt;
    }
    message->payload.assign(frame + kHeaderBytes, frame + size);
    return message;
}

void
FrameReassembler::Append(const std::uint8_t* data, std::size_t size)
{
    if (m_consumed > 0 && m_consumed == m_buffer.size())
    {
        m_buffer.clear();
        m_consumed = 0;
    }
    m_buffer.insert(m_buffer.end(), data, data + size);
}

std::optional<WireMessage>
FrameReassembler::Next()
{
    const std::size_t available = m_buffer.size() - m_consumed;
    if (available < WireMessage::kHeaderBytes)
    {
        return std::nullopt;
    }
    const std::uint8_t* frame = m_buffer.data() + m_consumed;
    std::optional<WireMessage> message = WireMessage::ReadHeader(frame, available);
    if (!message)
    {
        throw Error("malformed frame in the message stream");
    }
    std::uint32_t length;
    std::memcpy(&length, frame, 4);
    if (available < length)
    {
        return std::nullopt;
    }
    message->payload.assign(frame + WireMessage::kHeaderBytes, frame + length);
    m_consumed += length;
    if (m_consumed > (1U << 20) && m_consumed * 2 > m_buffer.size())
    {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + std::ptrdiff_t(m_consumed));
        m_consumed = 0;
    }
    return message;
}

} // namespace eesim
