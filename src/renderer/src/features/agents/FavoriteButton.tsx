import { useStore } from '../../store';
import { useFavoriteIds } from './useAgentResults';

export function FavoriteButton({ agentId, name }: { agentId: string; name: string }) {
  const favorites = useFavoriteIds();
  const toggleFavorite = useStore((s) => s.toggleFavorite);
  const isFavorite = favorites.includes(agentId);
  return (
    <button
      type="button"
      className={`star${isFavorite ? ' on' : ''}`}
      aria-label={`Favourite ${name}`}
      aria-pressed={isFavorite}
      title={isFavorite ? `Unpin ${name}` : `Pin ${name} to the top`}
      onClick={() => void toggleFavorite(agentId)}
    >
      <span aria-hidden="true">{isFavorite ? '★' : '☆'}</span>
    </button>
  );
}
