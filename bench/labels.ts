/** A hundred everyday photo labels; the first ten are the 10-label set. */
export const BENCH_LABELS: readonly string[] = [
  'dog', 'cat', 'beach', 'mountain', 'receipt', 'car', 'birthday cake', 'sunset', 'forest', 'city street',
  'bicycle', 'bird', 'horse', 'cow', 'sheep', 'elephant', 'bear', 'zebra', 'giraffe', 'fish',
  'airplane', 'train', 'boat', 'bus', 'truck', 'motorcycle', 'traffic light', 'bridge', 'castle', 'church',
  'kitchen', 'living room', 'bedroom', 'bathroom', 'office', 'classroom', 'library', 'restaurant', 'supermarket', 'garden',
  'pizza', 'burger', 'salad', 'sushi', 'pasta', 'coffee', 'wine glass', 'fruit bowl', 'sandwich', 'ice cream',
  'laptop', 'phone', 'keyboard', 'television', 'camera', 'book', 'clock', 'vase', 'lamp', 'chair',
  'sofa', 'table', 'bed', 'window', 'door', 'staircase', 'swimming pool', 'playground', 'stadium', 'concert',
  'wedding', 'baby', 'child', 'group of friends', 'selfie', 'portrait', 'hiking trail', 'snow', 'rain', 'fog',
  'lake', 'river', 'waterfall', 'desert', 'field of flowers', 'tree', 'night sky', 'fireworks', 'screenshot', 'document',
  'whiteboard', 'map', 'painting', 'sculpture', 'toy', 'shoe', 'handbag', 'sunglasses', 'watch', 'jewellery',
];
